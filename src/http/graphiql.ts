// GraphiQL as this service serves it: its scripts and styles from the installed
// `@graphql-yoga/graphiql` package instead of a CDN, so it works without the internet (issue 22,
// item 9: offline it showed "Loading…" forever), and the headers panel already holding the
// `x-api-key` header every request needs, with where a key comes from.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderGraphiQL, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

/** Where the page asks for its files; served by `useGraphiQLAssets`. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';

const ASSET_PACKAGE = '@graphql-yoga/graphiql';
// Yoga's page names its assets on the CDN, with the package version in the path.
const CDN_ASSETS = /https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g;
const CDN_FAVICON = /<link rel=icon href=https:\/\/[^>]+>/;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** The installed package's `dist` folder, or undefined when the package is not installed. */
export function graphiqlAssetsDir(): string | undefined {
  // Looked up beside the package rather than through its exports map, which need not list package.json.
  const candidates = createRequire(import.meta.url).resolve.paths(ASSET_PACKAGE) ?? [];
  return candidates.map((dir) => path.join(dir, ASSET_PACKAGE, 'dist')).find((dist) => existsSync(dist));
}

export const API_KEY_PLACEHOLDER = 'paste an API key here';

/** What the editors hold when a browser opens GraphiQL for the first time. */
export function graphiqlOptions(): GraphiQLOptions {
  return {
    title: 'GVRC Registry',
    headers: JSON.stringify({ 'x-api-key': API_KEY_PLACEHOLDER }, null, 2),
    defaultQuery: `# Every request needs an API key in the x-api-key header (the Headers tab below).
# On the embedded database the first start wrote one to .data/admin-api-key;
# otherwise: npm run apikey -- create --role ADMIN --name ops (shown once).
{
  facilities(first: 5) {
    totalCount
    edges { node { code name type county { name } } }
  }
}
`,
  };
}

/** Yoga's GraphiQL page pointing at our own copy of its files, or Yoga's own page when they are not installed. */
export function graphiqlRenderer(assetsDir: string | undefined, logger: Logger) {
  let warned = false;
  return (options: GraphiQLOptions) => {
    const page = renderGraphiQL(options);
    if (assetsDir) return page.replace(CDN_ASSETS, GRAPHIQL_ASSETS_PATH).replace(CDN_FAVICON, '');
    if (!warned) {
      warned = true;
      logger.warn({ package: ASSET_PACKAGE }, 'GraphiQL files are not installed: the page loads them from a CDN and needs the internet');
    }
    return page;
  };
}

/** Serves the files of `assetsDir` under GRAPHIQL_ASSETS_PATH, and nothing outside it. */
export function useGraphiQLAssets(assetsDir: string): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const asked = decodeURIComponent(url.pathname.slice(GRAPHIQL_ASSETS_PATH.length));
      // Yoga's page asks for "graphql.worker..bundle.js" (a typo upstream); some releases of the
      // package name the file that way and some with one dot.
      const file = [asked, asked.replace('..bundle', '.bundle')].map((n) => path.resolve(assetsDir, n)).find((f) => existsSync(f)) ?? path.resolve(assetsDir, asked);
      const type = CONTENT_TYPES[path.extname(file)];
      if (!file.startsWith(assetsDir + path.sep) || !type || !existsSync(file)) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      endResponse(
        new fetchAPI.Response(await readFile(file), {
          headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
        }),
      );
    },
  };
}
