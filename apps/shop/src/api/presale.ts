import { ApiError, http } from './http.ts';
import type { PresaleCampaign, PresaleZonePage } from './types.ts';

export const presaleApi = {
  zone: (page = 1, pageSize = 20) => http.get<PresaleZonePage>('/api/presale', { page, pageSize }),
  campaign: (id: number) => http.get<PresaleCampaign>(`/api/presale/campaigns/${id}`),
  /** The campaign covering a product's SKUs, or null when there is none (404). */
  async ofProduct(productId: number): Promise<PresaleCampaign | null> {
    try {
      return await http.get<PresaleCampaign>(`/api/products/${productId}/presale`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
};
