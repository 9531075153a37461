import { defineStore } from 'pinia';
import { ref } from 'vue';
import { cartApi } from '../api/cart.ts';
import type { Cart } from '../api/types.ts';

/** The cart badge: units in the cart, refreshed after every cart change. */
export const useCartStore = defineStore('cart', () => {
  const count = ref(0);

  function track(cart: Cart): Cart {
    count.value = cart.itemCount;
    return cart;
  }

  async function refresh() {
    try {
      track(await cartApi.get());
    } catch {
      // the badge is a hint; a failed refresh keeps the last count
    }
  }

  return { count, track, refresh };
});
