import { showDialog, showSuccessToast } from 'vant';

/** Copies the text and says so; where the browser refuses the clipboard, shows the text to copy by hand. */
export async function copyOrShow(text: string, words: { copied: string; title: string }): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    showSuccessToast(words.copied);
  } catch {
    await showDialog({ title: words.title, message: text });
  }
}
