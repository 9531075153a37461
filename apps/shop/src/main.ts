import { createApp } from 'vue';
import { createPinia } from 'pinia';
import Vant from 'vant';
import 'vant/lib/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router.ts';
import { i18n } from './i18n.ts';
import { setLocaleSource, setUnauthenticatedHandler } from './api/http.ts';
import { useLocaleStore } from './stores/locale.ts';
import { useSessionStore } from './stores/session.ts';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(Vant);

const localeStore = useLocaleStore(pinia);
setLocaleSource(() => localeStore.locale);
const session = useSessionStore(pinia);
app.use(router);
// A session that ended while browsing: forget it, and send the shopper to sign in from pages that need it.
setUnauthenticatedHandler(() => {
  session.forget();
  const current = router.currentRoute.value;
  if (current.meta.auth) void router.replace({ name: 'login', query: { redirect: current.fullPath } });
});
app.mount('#app');
