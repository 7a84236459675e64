global using WebhookConsole.Audit;
global using WebhookConsole.Data;
