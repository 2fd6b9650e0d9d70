import type { TodoItem, TodoList } from '@egj/shared'
import type { AuthUser } from '../../lib/auth'
import type { Logger } from '../../lib/logger'

/** What a module adds to home's 待办: the items waiting for this user now (often none). */
export type TodoProvider = (user: AuthUser) => Promise<TodoItem[]>

export interface TodoServiceDeps {
  log: Logger
}

/**
 * 待办 on home, from every module. A module registers a provider once (in services.ts); the list
 * asks them all at once, urgent items first, otherwise in the order the modules registered. A
 * provider that fails is logged and left out: home must not break because one module did.
 */
export class TodoService {
  private readonly providers: { module: string; provide: TodoProvider }[] = []

  constructor(private readonly deps: TodoServiceDeps) {}

  register(module: string, provide: TodoProvider): void {
    this.providers.push({ module, provide })
  }

  async list(user: AuthUser): Promise<TodoList> {
    const results = await Promise.all(
      this.providers.map(async ({ module, provide }) => {
        try {
          return await provide(user)
        } catch (error) {
          this.deps.log.error({ err: error, module }, 'todo provider failed')
          return []
        }
      }),
    )
    const items = results.flat()
    return { items: [...items.filter((item) => item.urgent), ...items.filter((item) => !item.urgent)] }
  }
}
