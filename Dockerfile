# The gateway as a container: a self-contained `semrouter` (the .NET runtime, ONNX Runtime's and DuckDB's native
# libraries and the shipped models/ inside the publish folder), run as a non-root user.
#   docker build -t semrouter .
#   docker run -p 8080:8080 -e SEMROUTER_API_KEYS=... -e SEMROUTER_ADMIN_KEY=... -v semrouter-data:/data semrouter --upstream URL
# Without SEMROUTER_API_KEYS the gateway listens on loopback only (see the README's Keys), which a container's
# port mapping cannot reach: give it keys, or Auth:AllowUnauthenticatedRemote=true on a private network.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that a source change does not download the packages again.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY src/ src/
RUN find src -name '*.cs' -delete && dotnet restore src/SemanticRouter.Cli -r linux-x64
COPY src/ src/
COPY datasets/ datasets/
COPY models/ models/
RUN dotnet publish src/SemanticRouter.Cli -c Release -r linux-x64 --self-contained true --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
# runtime-deps has libstdc++ (ONNX Runtime, DuckDB) and a non-root user, app (uid 1654).
COPY --from=build /app /app
RUN mkdir /data && chown app:app /data && chmod 0700 /data
USER app
WORKDIR /data
EXPOSE 8080
# SIGTERM (docker stop) lets answers in flight finish within Gateway:ShutdownSeconds (30 s), then the flywheel
# drains: give `docker stop` a longer grace (-t 60).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/semrouter", "serve", "--urls", "http://0.0.0.0:8080", "--data-dir", "/data"]
