using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EventLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_MessageId",
                table: "Deliveries",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_ReplayOf",
                table: "Deliveries",
                column: "ReplayOf",
                filter: "\"ReplayOf\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_CreatedAt_IntegrationId",
                table: "Deliveries",
                columns: new[] { "Status", "CreatedAt", "IntegrationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_MessageId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_ReplayOf",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Status_CreatedAt_IntegrationId",
                table: "Deliveries");
        }
    }
}
