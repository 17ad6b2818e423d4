using System.Runtime.CompilerServices;
using GPTailor.Models.Runtime;

namespace GPTailor.Models.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Init() => TorchRuntime.Initialize();
}
