import zlib from 'node:zlib'
import { promisify } from 'node:util'
import type { Compilation, Compiler } from 'webpack'

const NAME = 'EgjH5Delivery'
const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

export interface H5DeliveryOptions {
  /** the route shown for `/` with no hash (the first page of app.config) */
  homeRoute: string
  /**
   * What the H5 build does for app.config's `preloadRule` (WeChat honours it, Taro's H5 does
   * not): after `load`, on these routes, fetch these routes' files at idle priority.
   */
  prefetch?: Record<string, string[]>
  /**
   * GET answers a signed-in page cannot draw without: route → API URLs (`{name}` is the page's
   * query parameter `name`), fetched by the inline script while the scripts download, so they are
   * not asked for only after ~600 KB of JS has run. api/early.ts hands each to the first request
   * for the same URL and token. Each URL must be exactly what the page's `request()` builds.
   */
  early?: Record<string, string[]>
  /** TARO_APP_API_BASE, before each `early` URL (empty: the BFF serves the H5 build) */
  apiBase?: string
}

/**
 * Three things the H5 build needs for a phone on a slow network (issue 6, "the first minute"):
 *
 * 1. Taro's H5 router loads each page with `import()` *after* the entry chunks have downloaded
 *    and run: the page's own chunks (NutUI parts, zod + shared, …) only start downloading then,
 *    a second round trip and a second queue on a 1.6 Mbps link. We write a small map
 *    route → files into index.html and an inline script that, before the entry scripts run
 *    (they are `defer`), adds `<link rel=preload>` for the page in the URL's hash. Everything
 *    the first page needs downloads in one go. The webpack runtime then finds the same URLs in
 *    the memory cache: nothing is fetched twice. The BFF allows this inline script by its hash,
 *    read from index.html at startup, like Taro's own rem script. It stays after the stylesheet
 *    (which it waits for): first in <head>, its ~20 preloads took the 6 HTTP/1.1 connections and the
 *    link ahead of the render-blocking CSS and the entry, and the first paint came later (same-run
 *    pairs, issue 22).
 *    A code's landing (`/q/m/…`, answered by the BFF with index.html itself and the page's route in
 *    `<meta name="egj-route">`, no redirect round trip) is put at its route here first.
 * 2. The early answers of `early` (above), for a signed-in browser.
 * 3. JS/CSS get a `.br` and a `.gz` twin (best compression, once, at build time) which the BFF's
 *    koa-static sends to browsers that accept them: ~70 % fewer bytes on the wire.
 */
export class H5DeliveryPlugin {
  constructor(private readonly options: H5DeliveryOptions) {}

  apply(compiler: Compiler): void {
    const { Compilation: CompilationClass, sources } = compiler.webpack
    const production = compiler.options.mode === 'production'
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      // the same html-webpack-plugin instance Taro's runner uses (one copy in the hoisted node_modules)
      const HtmlWebpackPlugin = require('html-webpack-plugin') as typeof import('html-webpack-plugin')
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        data.headTags.push({ tagName: 'script', voidTag: false, meta: { plugin: NAME }, attributes: {}, innerHTML: this.preloadScript(compilation) })
        return data
      })
      if (!production) return
      compilation.hooks.processAssets.tapPromise({ name: NAME, stage: CompilationClass.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER }, async (assets) => {
        const names = Object.keys(assets).filter((name) => /\.(js|css|svg|json)$/.test(name))
        await Promise.all(
          names.map(async (name) => {
            const input = compilation.getAsset(name)!.source.buffer()
            if (input.length < 1024) return
            const [br, gz] = await Promise.all([
              brotli(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length } }),
              gzip(input, { level: 9 }),
            ])
            compilation.emitAsset(`${name}.br`, new sources.RawSource(br), { compressed: true })
            compilation.emitAsset(`${name}.gz`, new sources.RawSource(gz), { compressed: true })
          }),
        )
      })
    })
  }

  /** route → JS/CSS files of the chunks its `import()` loads, as an inline script. */
  private preloadScript(compilation: Compilation): string {
    const publicPath = typeof compilation.outputOptions.publicPath === 'string' && compilation.outputOptions.publicPath !== 'auto' ? compilation.outputOptions.publicPath : '/'
    const files: string[] = []
    const routes: Record<string, number[]> = {}
    for (const group of compilation.chunkGroups) {
      if (group.isInitial()) continue
      const route = group.origins.map((origin) => /((?:pages|packages)\/[\w/-]+?)(?:\.[jt]sx?)?$/.exec(origin.request ?? '')?.[1]).find(Boolean)
      if (!route) continue
      const list = (routes[route] ??= [])
      for (const file of group.getFiles()) {
        if (!/\.(js|css)$/.test(file)) continue
        let index = files.indexOf(file)
        if (index < 0) index = files.push(file) - 1
        if (!list.includes(index)) list.push(index)
      }
    }
    const prefetch = this.options.prefetch ?? {}
    const apiBase = this.options.apiBase ?? ''
    const early = Object.fromEntries(Object.entries(this.options.early ?? {}).map(([route, urls]) => [route, urls.map((url) => apiBase + url)]))
    // ES5 on purpose: this runs before any polyfill, on whatever browser opened the link
    return `!function(d,p,f,r,h,q,e){var m=d.querySelector('meta[name=egj-route]');if(m)history.replaceState(null,'',m.content);function add(rel,route){var l=r[route]||[];for(var i=0;i<l.length;i++){var k=d.createElement('link'),u=f[l[i]];k.rel=rel;if(rel==='preload')k.as=/\\.css$/.test(u)?'style':'script';k.href=p+u;d.head.appendChild(k)}}var hash=location.hash.replace(/^#\\/?/,'').split('?'),route=hash[0].replace(/\\/$/,'')||h;add('preload',route);var later=q[route];if(later)window.addEventListener('load',function(){setTimeout(function(){for(var i=0;i<later.length;i++)add('prefetch',later[i])},1000)});var t,calls=e[route]||[];try{t=JSON.parse(localStorage.getItem('egj.token')).data}catch(x){}if(!t||!calls.length||!window.fetch||!window.Promise)return;var query={},pairs=(hash[1]||'').split('&');for(var i=0;i<pairs.length;i++){var kv=pairs[i].split('=');try{query[decodeURIComponent(kv[0])]=decodeURIComponent(kv[1]||'')}catch(x){}}var answers=window.__egjEarly={};for(var j=0;j<calls.length;j++){var url=calls[j].replace(/\\{(\\w+)\\}/g,function(_,k){return encodeURIComponent(query[k]||'')});answers[url]={token:t,at:Date.now(),answer:fetch(url,{headers:{Accept:'application/json',Authorization:'Bearer '+t}}).then(function(res){return res.text().then(function(text){return{status:res.status,text:text}})})}}}(document,${JSON.stringify(publicPath)},${JSON.stringify(files)},${JSON.stringify(routes)},${JSON.stringify(this.options.homeRoute)},${JSON.stringify(prefetch)},${JSON.stringify(early)})`
  }
}
