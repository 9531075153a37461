// What other modules may use of customer-service information (FAQ, warranty, repair network).
export { createSupportService, type SupportService } from './support.service.ts';
export { supportRoutes } from './support.routes.ts';
export { faqArticles, faqCategories, faqVotes, productWarranties, servicePoints, warrantyPolicies } from './support.tables.ts';
