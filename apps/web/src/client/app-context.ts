/// <reference lib="dom" />
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.js';
import type { Lang, Translator } from './i18n.js';
import type { Claims } from './session.js';

/** What every view needs: the API client, the language, the signed-in user, navigation. */
export interface AppContext {
  readonly api: Api;
  readonly i18n: Translator;
  readonly claims: Claims | undefined;
  setLang(lang: Lang): void;
  navigate(path: string): void;
  signIn(token: string): void;
  signOut(): void;
}

export const AppContextValue = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const context = useContext(AppContextValue);
  if (!context) throw new Error('useApp outside <App>');
  return context;
}
