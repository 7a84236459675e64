using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeliveriesStatusIndexMerge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Status_CreatedAt_IntegrationId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Status_Id",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_Id_CreatedAt_IntegrationId",
                table: "Deliveries",
                columns: new[] { "Status", "Id", "CreatedAt", "IntegrationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Status_Id_CreatedAt_IntegrationId",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_CreatedAt_IntegrationId",
                table: "Deliveries",
                columns: new[] { "Status", "CreatedAt", "IntegrationId" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_Id",
                table: "Deliveries",
                columns: new[] { "Status", "Id" });
        }
    }
}
