global using WebhookConsole.Data;
global using WebhookConsole.Audit;
