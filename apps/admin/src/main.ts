import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { installElementPlus } from './element.ts';
import { i18n } from './i18n.ts';
import { createAppRouter } from './router.ts';
import { configureHttp } from './api/http.ts';
import { useSessionStore } from './stores/session.ts';
import { loadShopZone } from './composables/useShopZone.ts';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
const router = createAppRouter();
app.use(router);
installElementPlus(app);

configureHttp({
  language: () => i18n.global.locale.value,
  onUnauthenticated: () => {
    useSessionStore(pinia).forget();
    const current = router.currentRoute.value;
    if (!current.meta.public) void router.push({ name: 'login', query: { redirect: current.fullPath } });
  },
});
void loadShopZone();
document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
