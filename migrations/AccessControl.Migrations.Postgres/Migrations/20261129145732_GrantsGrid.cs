using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccessControl.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class GrantsGrid : Migration
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

            migrationBuilder.AddColumn<string>(
                name: "ResourceName",
                table: "Grants",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SubjectName",
                table: "Grants",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            // The grid's sort names of the grants that exist (new ones are filled on save).
            migrationBuilder.Sql(AccessControl.Data.GrantSortNames.BackfillSql);

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
                name: "IX_Grants_ResourceName_Id",
                table: "Grants",
                columns: new[] { "ResourceName", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_RoleId_CreatedAt_Id",
                table: "Grants",
                columns: new[] { "RoleId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_SubjectName_Id",
                table: "Grants",
                columns: new[] { "SubjectName", "Id" });
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
                name: "IX_Grants_ResourceName_Id",
                table: "Grants");

            migrationBuilder.DropIndex(
                name: "IX_Grants_RoleId_CreatedAt_Id",
                table: "Grants");

            migrationBuilder.DropIndex(
                name: "IX_Grants_SubjectName_Id",
                table: "Grants");

            migrationBuilder.DropColumn(
                name: "ResourceName",
                table: "Grants");

            migrationBuilder.DropColumn(
                name: "SubjectName",
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
