using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccessControl.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class GrantsGridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Grants_ResourceKey",
                table: "Grants");

            migrationBuilder.DropIndex(
                name: "IX_Grants_RoleId",
                table: "Grants");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_CreatedAt_Id",
                table: "Grants",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_CreatedBy_Id",
                table: "Grants",
                columns: new[] { "CreatedBy", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_ResourceKey_CreatedAt_Id",
                table: "Grants",
                columns: new[] { "ResourceKey", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_RoleId_CreatedAt_Id",
                table: "Grants",
                columns: new[] { "RoleId", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Grants_CreatedAt_Id",
                table: "Grants");

            migrationBuilder.DropIndex(
                name: "IX_Grants_CreatedBy_Id",
                table: "Grants");

            migrationBuilder.DropIndex(
                name: "IX_Grants_ResourceKey_CreatedAt_Id",
                table: "Grants");

            migrationBuilder.DropIndex(
                name: "IX_Grants_RoleId_CreatedAt_Id",
                table: "Grants");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_ResourceKey",
                table: "Grants",
                column: "ResourceKey");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_RoleId",
                table: "Grants",
                column: "RoleId");
        }
    }
}
