namespace Apprentice.Nn;

/// <summary>A named float32 array with a shape (row-major), as stored in a safetensors file.</summary>
public sealed record Tensor(string Name, int[] Shape, float[] Data)
{
    public Tensor(string name, float[] data) : this(name, [data.Length], data) { }
}
