using TorchSharp;

namespace GPTailor.Models.Tests;

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

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getenv")]
    private static extern nint NativeGetEnv(string name);
}
