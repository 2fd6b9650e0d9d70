// House rules that keep every module in one shape (docs/adding-a-module.md). Each rule names the
// file it is about and says in Chinese-free plain words what to do instead.
import path from 'node:path'

const modulesRoot = `${path.sep}bff${path.sep}src${path.sep}modules${path.sep}`

/** `bff/src/modules/<name>/…` → name, or null. */
function moduleOf(file) {
  const at = file.indexOf(modulesRoot)
  if (at < 0) return null
  return file.slice(at + modulesRoot.length).split(path.sep)[0]
}

/** A module reaches another module through its service, never its repo. */
const noForeignRepo = {
  meta: { type: 'problem', messages: { foreign: "'{{source}}' is the {{target}} module's repo: call that module's service instead." }, schema: [] },
  create(context) {
    const file = context.filename
    const own = moduleOf(file)
    if (!own) return {}
    return {
      ImportDeclaration(node) {
        const source = node.source.value
        if (typeof source !== 'string' || !source.startsWith('.') || !/\.repo$/.test(source)) return
        const target = moduleOf(path.resolve(path.dirname(file), source))
        if (target && target !== own) context.report({ node, messageId: 'foreign', data: { source, target } })
      },
    }
  },
}

/** A route file serves one service: every `services.<name>.…` in it names the same service. */
const oneServicePerRouteFile = {
  meta: { type: 'problem', messages: { many: 'This routes file calls services {{names}}: a route file serves one service (split the file, or let that service call the other).' }, schema: [] },
  create(context) {
    const used = new Map()
    return {
      'MemberExpression[object.type="MemberExpression"][object.object.name="services"]'(node) {
        const name = node.object.property.name
        if (!used.has(name)) used.set(name, node)
      },
      'Program:exit'() {
        if (used.size > 1) context.report({ node: [...used.values()][1], messageId: 'many', data: { names: [...used.keys()].join(', ') } })
      },
    }
  },
}

/**
 * A mini-app page is named through the route table (shared/src/routes.ts: `pageUrl(PAGES.x, {…})`),
 * never typed as a string: a hand-typed link once sent every room notification to a missing page.
 */
const PAGE_PATH = /\/(?:packages\/[\w-]+\/)?pages\/[\w-]+\/index\b/
const pagePathFromTable = {
  meta: { type: 'problem', messages: { typed: "'{{text}}' types a page path by hand: build it with pageUrl(PAGES.<page>, { … }) from @egj/shared (add the page to shared/src/routes.ts if it is new)." }, schema: [] },
  create(context) {
    const check = (node, text) => {
      const match = typeof text === 'string' ? PAGE_PATH.exec(text) : null
      if (match) context.report({ node, messageId: 'typed', data: { text: match[0] } })
    }
    return {
      Literal: (node) => check(node, node.value),
      TemplateElement: (node) => check(node, node.value.cooked ?? node.value.raw),
    }
  },
}

export default { rules: { 'no-foreign-repo': noForeignRepo, 'one-service-per-route-file': oneServicePerRouteFile, 'page-path-from-table': pagePathFromTable } }
