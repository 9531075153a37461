import { ref } from 'vue';
import { showFailToast, showSuccessToast } from 'vant';
import { ApiError } from '../api/http.ts';

/** The words to show for any failure: the server's problem text, else the error message. */
export function errorWords(error: unknown): string {
  if (error instanceof ApiError) return error.words;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function toastError(error: unknown): void {
  showFailToast({ message: errorWords(error), wordBreak: 'break-word' });
}

/**
 * A button's action: `loading` while it runs, a toast with the server's words when it fails,
 * an optional success toast. Resolves to the result, or undefined after a failure.
 */
export function useAction() {
  const loading = ref(false);

  async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    if (loading.value) return undefined;
    loading.value = true;
    try {
      const result = await action();
      if (success) showSuccessToast(success);
      return result;
    } catch (error) {
      toastError(error);
      return undefined;
    } finally {
      loading.value = false;
    }
  }

  return { loading, run };
}
