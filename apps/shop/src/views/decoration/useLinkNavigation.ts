import { useRouter } from 'vue-router';

/** Opens a block's link: the shop's own routes in the app, anything else as a full page load. */
export function useLinkNavigation(options: { disabled?: boolean } = {}) {
  const router = useRouter();
  return (link: { path: string; broken: boolean } | null | undefined) => {
    if (!link || link.broken || !link.path || options.disabled) return;
    if (/^https?:\/\//.test(link.path)) window.location.href = link.path;
    else void router.push(link.path);
  };
}
