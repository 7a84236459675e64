global using WebhookConsole.Audit;
global using WebhookConsole.Data;
global using WebhookConsole.Domain;
