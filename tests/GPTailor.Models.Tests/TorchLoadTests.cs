using TorchSharp;

namespace GPTailor.Models;

public class TorchLoadTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        var b = torch.ones(3, 4);
        Assert.Equal(3f, a.matmul(b)[0, 0].item<float>());
        Assert.False(torch.cuda.is_available());
    }

    [Fact]
    public void OpenMpWaitPolicyIsPassiveInProcess()
    {
        var value = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeGetEnv("OMP_WAIT_POLICY"));
        Assert.Equal("PASSIVE", value, ignoreCase: true);
    }

    [Fact]
    public void PinningKernelsAfterLibTorchLoadedIsRefusedAndChangesNothing()
    {
        using (var scope = torch.NewDisposeScope())
        {
            _ = torch.ones(1).sum().item<float>();
        }

        Assert.False(GPTailor.Models.TorchRuntime.PinReproducibleCpuKernels());
        Assert.NotEqual("avx2-pinned", GPTailor.Models.TorchRuntime.CpuKernels);
        Assert.Null(System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeGetEnv("MKL_CBWR")));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getenv")]
    private static extern nint NativeGetEnv(string name);
}
