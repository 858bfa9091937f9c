/// <reference lib="dom" />
import { render } from 'preact';
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api.js';
import { AppContextValue, useApp, type AppContext } from './app-context.js';
import { LANGS, translator, type Lang } from './i18n.js';
import { mayDraft } from './lifecycle.js';
import { routeOf, type Route } from './router.js';
import { claimsOf, clearToken, loadToken, saveToken } from './session.js';
import { AgreementPage } from './views/agreement-page.js';
import { AuditorView } from './views/auditor.js';
import { Board } from './views/board.js';
import { DraftForm } from './views/draft-form.js';
import { PortfolioView } from './views/portfolio.js';
import { SignIn } from './views/sign-in.js';

const LANG_KEY = 'ketnoi.lang';
const initialLang = (): Lang => {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'vi' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'vi';
};
const currentRoute = (): Route => routeOf(location.pathname, location.search);

function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [token, setToken] = useState<string | null>(loadToken);
  const [route, setRoute] = useState<Route>(currentRoute);

  const navigate = (path: string) => {
    history.pushState(null, '', path);
    setRoute(currentRoute());
    scrollTo(0, 0);
  };

  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    // Same-origin links inside the app navigate without a reload.
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element).closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link || link.target || link.download || event.ctrlKey || event.metaKey || event.button !== 0)
        return;
      const url = new URL(link.href);
      if (url.origin !== location.origin || /^\/(v1|docs|health|metrics)\b/.test(url.pathname)) return;
      event.preventDefault();
      navigate(url.pathname + url.search);
    };
    addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
  }, [lang]);

  const context = useMemo<AppContext>(() => {
    const i18n = translator(lang);
    return {
      i18n,
      claims: token ? claimsOf(token) : undefined,
      api: createApi({ token: () => token, onUnauthorized: () => navigate('/signin') }),
      setLang,
      navigate,
      signIn: (value: string) => {
        saveToken(value);
        setToken(value.trim());
        navigate('/');
      },
      signOut: () => {
        clearToken();
        setToken(null);
        navigate('/signin');
      },
    };
  }, [lang, token]);

  return html`<${AppContextValue.Provider} value=${context}>
    <${Header} />
    <main key=${`${lang}-${token ?? ''}`}>${view(route)}</main>
  <//>`;
}

function view(route: Route) {
  switch (route.view) {
    case 'board':
      return html`<${Board} status=${route.status} />`;
    case 'draft':
      return html`<${DraftForm} />`;
    case 'agreement':
      return html`<${AgreementPage} agreementId=${route.agreementId} asOf=${route.asOf} />`;
    case 'audit':
      return html`<${AuditorView} asOf=${route.asOf} />`;
    case 'portfolio':
      return html`<${PortfolioView} kind=${route.kind} nodeId=${route.nodeId} />`;
    case 'signin':
      return html`<${SignIn} />`;
    case 'notFound':
      return html`<p>404</p>`;
    default: {
      const unknown: never = route;
      return unknown;
    }
  }
}

function Header() {
  const { i18n, claims, setLang, signOut } = useApp();
  const auditor = !claims || claims.role === 'auditor' || claims.role === 'admin';
  return html`<header class="top">
    <a href="/" class="brand">${i18n.t('appTitle')}</a>
    <nav>
      <a href="/">${i18n.t('board')}</a>
      ${mayDraft(claims) && html`<a href="/agreements/new" data-testid="nav-new">${i18n.t('newAgreement')}</a>`}
      ${auditor && html`<a href="/audit">${i18n.t('audit')}</a>`}
      ${claims && html`<a href=${`/portfolio/${encodeURIComponent(claims.node)}`}>${i18n.t('portfolio')}</a>`}
    </nav>
    <span class="who">
      ${
        claims
          ? html`${i18n.t('signedInAs', { sub: claims.sub, role: claims.role, node: claims.node })}
              <button type="button" class="link" onClick=${signOut}>${i18n.t('signOut')}</button>`
          : html`${i18n.t('notSignedIn')} · <a href="/signin">${i18n.t('signIn')}</a>`
      }
    </span>
    <span class="langs" role="group" aria-label=${i18n.t('language')}>
      ${LANGS.map((l) => html`<button type="button" class=${l === i18n.lang ? 'on' : ''} data-lang=${l} onClick=${() => setLang(l)}>${l.toUpperCase()}</button>`)}
    </span>
  </header>`;
}

render(html`<${App} />`, document.getElementById('app')!);
