# Thin wrapper over the dotnet commands in README.md; nothing depends on it.
param([ValidateSet('run', 'test', 'migrate', 'bench')][string]$Task = 'test')
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
switch ($Task) {
    'run'     { dotnet run --project Host }
    'test'    { dotnet test }
    'migrate' { dotnet run --project Host -- migrate }
    'bench'   { dotnet run -c Release --project tests/PdE.Benchmarks -- --filter '*' }
}
exit $LASTEXITCODE
