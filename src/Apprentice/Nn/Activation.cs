namespace Apprentice.Nn;

/// <summary>Elementwise nonlinearity of a layer; the kernels live in <see cref="Activations"/>.</summary>
public enum Activation
{
    Identity,
    Tanh,
    Relu,

    /// <summary>max(x, 0.01·x): the authors' <c>lrelu</c>, the hidden layer of their MuJoCo experts.</summary>
    LeakyRelu,
}
