/**
 * What eslint's per-folder rules cannot see: import cycles across the whole product.
 * (The folder map itself is enforced by eslint.config.js.) Run by `npm run lint`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'A module reaches itself through its imports: move what both need to a third module.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|coverage|\\.data|\\.scratch|db/migrations|dist)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
