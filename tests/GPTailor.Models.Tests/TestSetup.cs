using System.Runtime.CompilerServices;

namespace GPTailor.Models;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Init() => TorchRuntime.Initialize();
}
