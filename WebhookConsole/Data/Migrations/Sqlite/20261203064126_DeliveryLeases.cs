using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeliveryLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_LeaseUntil",
                table: "Deliveries",
                columns: new[] { "Status", "LeaseUntil" });

            // The due sweep finds waiting work by its next-attempt time; older builds left it empty on some pending rows.
            migrationBuilder.Sql("""UPDATE "Deliveries" SET "NextAttemptAt" = "CreatedAt" WHERE "NextAttemptAt" IS NULL AND "Status" IN ('scheduled', 'pending', 'retrying')""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Status_LeaseUntil",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "Deliveries");
        }
    }
}
