using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncompleteDelaySeconds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "IncompleteDelayMinutes",
                table: "Integrations",
                newName: "IncompleteDelaySeconds");
            // The incomplete delay is counted in seconds now (Poltio's unit): same delay, new unit.
            migrationBuilder.Sql("UPDATE \"Integrations\" SET \"IncompleteDelaySeconds\" = \"IncompleteDelaySeconds\" * 60;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE \"Integrations\" SET \"IncompleteDelaySeconds\" = (\"IncompleteDelaySeconds\" + 59) / 60;");
            migrationBuilder.RenameColumn(
                name: "IncompleteDelaySeconds",
                table: "Integrations",
                newName: "IncompleteDelayMinutes");
        }
    }
}
