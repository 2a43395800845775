namespace Runway.Build.Providers;

/// <summary>npm, yarn, pnpm or bun, chosen like Nixpacks: package.json "packageManager" first, then the lock file present.</summary>
internal sealed record NodePackageManager(string Name, string InstallCommand)
{
    public string StartCommand => Name == "bun" ? "bun run start" : Name + " start";

    public string RunCommand(string script) => Name + " run " + script;

    public static NodePackageManager Detect(ISourceFiles files, PackageJson package)
    {
        var declared = package.PackageManager?.Split('@', 2)[0];
        var hasNpmLock = files.FileExists("package-lock.json") || files.FileExists("npm-shrinkwrap.json");
        return declared switch
        {
            "pnpm" => Pnpm(files),
            "yarn" => Yarn(files),
            "bun" => Bun(files),
            "npm" => Npm(hasNpmLock),
            _ when files.FileExists("pnpm-lock.yaml") => Pnpm(files),
            _ when files.FileExists("yarn.lock") => Yarn(files),
            _ when files.FileExists("bun.lockb") || files.FileExists("bun.lock") => Bun(files),
            _ => Npm(hasNpmLock),
        };
    }

    // `npm ci` needs a lock file and installs exactly what it lists.
    private static NodePackageManager Npm(bool hasLock) => new("npm", hasLock ? "npm ci" : "npm install");

    private static NodePackageManager Pnpm(ISourceFiles files) =>
        new("pnpm", files.FileExists("pnpm-lock.yaml") ? "pnpm install --frozen-lockfile" : "pnpm install");

    private static NodePackageManager Yarn(ISourceFiles files) =>
        new("yarn", files.FileExists("yarn.lock") ? "yarn install --frozen-lockfile" : "yarn install");

    private static NodePackageManager Bun(ISourceFiles files) =>
        new("bun", files.FileExists("bun.lockb") || files.FileExists("bun.lock") ? "bun install --frozen-lockfile" : "bun install");
}
