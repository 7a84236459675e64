using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventsOptionalKeysIndexedWhereSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_EmailHash",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_IdempotencyKey",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_EmailHash",
                table: "Events",
                column: "EmailHash",
                filter: "\"EmailHash\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Events_IdempotencyKey",
                table: "Events",
                column: "IdempotencyKey",
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_EmailHash",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_Events_IdempotencyKey",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_EmailHash",
                table: "Events",
                column: "EmailHash");

            migrationBuilder.CreateIndex(
                name: "IX_Events_IdempotencyKey",
                table: "Events",
                column: "IdempotencyKey",
                unique: true);
        }
    }
}
