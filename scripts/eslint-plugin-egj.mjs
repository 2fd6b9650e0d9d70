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

/** `bff/src/modules/<domain>/<feature>/…` → { domain, feature }, or null (outside modules, or a file at a domain's top). */
function featureOf(file) {
  const at = file.indexOf(modulesRoot)
  if (at < 0) return null
  const parts = file.slice(at + modulesRoot.length).split(path.sep)
  return parts.length >= 3 ? { domain: parts[0], feature: parts[1] } : null
}

/**
 * A feature folder does not reach into a sibling feature's files (the gate into passes/): what
 * two features share goes in `<domain>/common/`. A sibling's service may be named as a type, for
 * the `deps` it is handed (how any module reaches another).
 */
const noSiblingFeature = {
  meta: {
    type: 'problem',
    messages: { sibling: "'{{source}}' is a file of the {{domain}}/{{target}} feature: move what {{domain}}/{{own}} needs from it to {{domain}}/common/ (or take its service in deps)." },
    schema: [],
  },
  create(context) {
    const file = context.filename
    const own = featureOf(file)
    if (!own) return {}
    const check = (node) => {
      const source = node.source?.value
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const target = featureOf(path.resolve(path.dirname(file), source))
      if (!target || target.domain !== own.domain || target.feature === own.feature || target.feature === 'common') return
      if (node.importKind === 'type' && /\.service$/.test(source)) return
      context.report({ node, messageId: 'sibling', data: { source, domain: own.domain, own: own.feature, target: target.feature } })
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check }
  },
}

/** Money reads the same everywhere (`¥15.00`, shared's `formatMoney`), never `(fen / 100).toFixed(2)` + 元 by hand. */
const noHandFormattedMoney = {
  meta: { type: 'problem', messages: { hand: "Format an amount with formatMoney from '@egj/shared' (¥15.00), not (fen / 100).toFixed(…)." }, schema: [] },
  create(context) {
    return {
      'CallExpression[callee.property.name="toFixed"][callee.object.type="BinaryExpression"][callee.object.operator="/"][callee.object.right.value=100]'(node) {
        context.report({ node, messageId: 'hand' })
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

export default { rules: { 'no-foreign-repo': noForeignRepo, 'no-sibling-feature': noSiblingFeature, 'no-hand-formatted-money': noHandFormattedMoney, 'one-service-per-route-file': oneServicePerRouteFile, 'page-path-from-table': pagePathFromTable } }
