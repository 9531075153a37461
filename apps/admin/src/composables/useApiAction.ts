import { ref } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError } from '../api/http.ts';

/** Shows an error from the API (or anything thrown) as a message in words. */
export function showError(error: unknown): void {
  if (error instanceof ApiError) ElMessage.error(error.text);
  else ElMessage.error(error instanceof Error ? error.message : String(error));
}

/** Runs an API call with a loading flag, a success message and errors shown in words. */
export function useApiAction() {
  const busy = ref(false);
  async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    busy.value = true;
    try {
      const result = await action();
      if (success) ElMessage.success(success);
      return result;
    } catch (error) {
      showError(error);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, run };
}
