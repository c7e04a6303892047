namespace Apprentice.Nn;

/// <summary>Elementwise nonlinearity of a layer; the kernels live in <see cref="Activations"/>.</summary>
public enum Activation
{
    Identity,
    Tanh,
    Relu,
}
