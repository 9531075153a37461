// What other modules may use of members.
export { createMembersService, type MembersService } from './members.service.ts';
export { membersRoutes } from './members.routes.ts';
export { followOrdersForGrowth } from './members-order-follower.ts';
export { levelFor, nextLevelOf } from './members.rules.ts';
