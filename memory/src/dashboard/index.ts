export { createDashboard, type DashboardOptions } from "./app.js";
