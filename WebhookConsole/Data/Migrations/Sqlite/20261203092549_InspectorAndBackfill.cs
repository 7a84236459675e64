using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InspectorAndBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Backfill",
                table: "Deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "InspectorBins",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ResponseStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InspectorBins", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InspectedRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BinId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Headers = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    BodyLength = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StatusReturned = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InspectedRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InspectedRequests_InspectorBins_BinId",
                        column: x => x.BinId,
                        principalTable: "InspectorBins",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InspectedRequests_BinId_Id",
                table: "InspectedRequests",
                columns: new[] { "BinId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_InspectorBins_ExpiresAt",
                table: "InspectorBins",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InspectedRequests");

            migrationBuilder.DropTable(
                name: "InspectorBins");

            migrationBuilder.DropColumn(
                name: "Backfill",
                table: "Deliveries");
        }
    }
}
