global using WebhookConsole.Audit;
global using WebhookConsole.Data;
global using WebhookConsole.Data.AtRest;
global using WebhookConsole.Domain;
