# syntax=docker/dockerfile:1
# Build:  docker build -t accesscontrol .
# Run:    docker compose up   (see docker-compose.yml)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY AccessControl.sln Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY migrations/ migrations/
# The cache mount keeps downloaded NuGet packages between builds.
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/AccessControl.Web/AccessControl.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The default SQLite database lives in /app/data; the non-root user must be able to write there.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
# APP_UID is the non-root "app" user that the .NET images provide.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "AccessControl.Web.dll"]
