// What other modules may use of delivery-and-installation appointments.
export { createInstallationService, type InstallationService } from './installation.service.ts';
export { installationRoutes } from './installation.routes.ts';
export { installationAppointments, installationProducts } from './installation.tables.ts';
