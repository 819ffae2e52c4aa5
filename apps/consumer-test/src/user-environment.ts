/**
 * The environment a user's shell would give npm and node: this process's, less what pnpm,
 * turbo and vitest add for their own children (`npm_config_*` settings npm would obey,
 * `NODE_OPTIONS`, `NODE_ENV=test`), so the consumer project sees none of the workspace.
 *
 * @example await runProcess('npm', ['install', ...tarballs], { cwd, env: userEnvironment() });
 */
export function userEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|TURBO_|VITEST)/i.test(name) || name === 'NODE_OPTIONS' || name === 'NODE_ENV' || name === 'INIT_CWD') continue;
    environment[name] = value;
  }
  return { ...environment, ...extra };
}
