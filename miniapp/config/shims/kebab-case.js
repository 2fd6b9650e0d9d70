// Stands in for `lodash.kebabcase` (4.7 KB minified, with lodash's whole Unicode word splitter),
// which NutUI's ConfigProvider imports only to turn theme keys like `nutuiColorPrimary` into CSS
// variable names. We pass no theme, and the keys are ASCII camelCase, so this split (case changes
// and digit runs, as lodash does for ASCII) is enough. Aliased in config/index.ts; it kept the
// weapp main package under its 600 KB budget.
'use strict'
module.exports = function kebabCase(value) {
  var words = String(value == null ? '' : value).match(/[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g)
  return words ? words.join('-').toLowerCase() : ''
}
