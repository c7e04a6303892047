namespace Apprentice.Nn;

/// <summary>An <see cref="Mlp"/>'s parameters as named tensors <c>{prefix}.{l}.weight</c> [in × out] and <c>{prefix}.{l}.bias</c> [out].</summary>
public static class MlpTensors
{
    public static IEnumerable<Tensor> Export(Mlp net, string prefix)
    {
        ReadOnlyMemory<float> p = net.Parameters;
        for (int l = 0; l < net.Layers; l++)
        {
            int nIn = net.Sizes[l], nOut = net.Sizes[l + 1];
            yield return new Tensor($"{prefix}.{l}.weight", [nIn, nOut], p.Span.Slice(net.WeightOffset(l), nIn * nOut).ToArray());
            yield return new Tensor($"{prefix}.{l}.bias", [nOut], p.Span.Slice(net.BiasOffset(l), nOut).ToArray());
        }
    }

    /// <summary>
    /// Copies the named tensors into the network's parameters, removing them from <paramref name="tensors"/>.
    /// A missing tensor, a wrong shape or a non-finite value throws <see cref="InputException"/> prefixed by <paramref name="context"/>.
    /// </summary>
    public static void Import(Mlp net, string prefix, IDictionary<string, Tensor> tensors, string context)
    {
        Span<float> p = net.Parameters.Span;
        for (int l = 0; l < net.Layers; l++)
        {
            int nIn = net.Sizes[l], nOut = net.Sizes[l + 1];
            Take(tensors, $"{prefix}.{l}.weight", [nIn, nOut], context).CopyTo(p.Slice(net.WeightOffset(l), nIn * nOut));
            Take(tensors, $"{prefix}.{l}.bias", [nOut], context).CopyTo(p.Slice(net.BiasOffset(l), nOut));
        }
    }

    /// <summary>Removes and returns the data of tensor <paramref name="name"/>, checking its shape and values.</summary>
    public static float[] Take(IDictionary<string, Tensor> tensors, string name, int[] shape, string context)
    {
        if (!tensors.Remove(name, out Tensor? t)) throw new InputException($"{context}: tensor '{name}' is missing");
        if (!t.Shape.SequenceEqual(shape))
            throw new InputException($"{context}: tensor '{name}' has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}]");
        if (t.Data.Any(v => !float.IsFinite(v))) throw new InputException($"{context}: tensor '{name}' holds NaN or infinity");
        return t.Data;
    }
}
