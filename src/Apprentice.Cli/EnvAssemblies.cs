using System.Reflection;
using System.Runtime.Loader;
using Apprentice.Envs;

namespace Apprentice.Cli;

/// <summary>
/// Loads assemblies of user tasks (`--env-assembly`) and runs their <see cref="IEnvRegistration"/>s. An assembly
/// loads into the default context, so it shares this process's Apprentice.Core; its own dependencies resolve
/// from its folder (its .deps.json). Each file is registered once per process.
/// </summary>
public static class EnvAssemblies
{
    private static readonly Lock Sync = new();
    private static readonly HashSet<string> Loaded = new(StringComparer.Ordinal);

    public static void Load(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new InputException($"env assembly '{path}' does not exist");
        lock (Sync)
        {
            if (Loaded.Contains(fullPath)) return;
            Assembly assembly = LoadAssembly(fullPath, path);
            Type[] registrations = PublicTypes(assembly, path)
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEnvRegistration).IsAssignableFrom(t))
                .ToArray();
            if (registrations.Length == 0)
                throw new InputException($"env assembly '{path}' has no public class implementing {nameof(IEnvRegistration)}, so it registers no task");
            foreach (Type type in registrations)
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                    throw new InputException($"{type.FullName} in '{path}' needs a public parameterless constructor");
                try
                {
                    ((IEnvRegistration)Activator.CreateInstance(type)!).Register();
                }
                catch (Exception ex) when (ex is not InputException)
                {
                    Exception cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                    throw new InputException($"{type.FullName}.Register() in '{path}' failed: {cause.Message.ReplaceLineEndings(" ")}");
                }
            }
            Loaded.Add(fullPath);
        }
    }

    private static Assembly LoadAssembly(string fullPath, string path)
    {
        try
        {
            // An assembly of that name already here (a host that references it) is used as it is.
            string? name = AssemblyName.GetAssemblyName(fullPath).Name;
            if (AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name) is Assembly loaded) return loaded;
            ResolveDependenciesBeside(fullPath);
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
        }
        catch (BadImageFormatException)
        {
            throw new InputException($"env assembly '{path}' is not a .NET assembly");
        }
        catch (FileLoadException ex)
        {
            throw new InputException($"env assembly '{path}' could not be loaded: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Lets the assembly's own dependencies load: from its .deps.json, else from its folder.</summary>
    private static void ResolveDependenciesBeside(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath)!;
        AssemblyDependencyResolver? resolver = null;
        try
        {
            resolver = new AssemblyDependencyResolver(fullPath);
        }
        catch (InvalidOperationException)
        {
            // No usable .deps.json: dependencies are looked for beside the assembly only.
        }
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string? dependency = resolver?.ResolveAssemblyToPath(name) ?? Path.Combine(folder, $"{name.Name}.dll");
            return File.Exists(dependency) ? context.LoadFromAssemblyPath(dependency) : null;
        };
    }

    private static IEnumerable<Type> PublicTypes(Assembly assembly, string path)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or TypeLoadException)
        {
            throw new InputException($"env assembly '{path}' references something missing here: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }
}
