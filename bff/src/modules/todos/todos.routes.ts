import { todosApi } from '@egj/shared'
import { implement } from '../../lib/http'

export const todoRoutes = [implement(todosApi.list, { handler: ({ user, services }) => services.todos.list(user) })]
