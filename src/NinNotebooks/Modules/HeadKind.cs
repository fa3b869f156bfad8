namespace NinNotebooks.Modules;

/// <summary>How a network turns its last feature maps into class scores.</summary>
/// <remarks>Taught in notebooks/03-global-average-pooling.ipynb.</remarks>
public enum HeadKind
{
    /// <summary>
    /// Global average pooling: average each feature map to one number (no parameters). NiN's head: the last
    /// mlpconv layer has one map per class, so the average of map c is the score of class c.
    /// </summary>
    GlobalAveragePooling,

    /// <summary>
    /// Flatten the feature maps into one vector and apply fully connected layers, as AlexNet and VGG do.
    /// Its parameter count grows with the maps' height × width × channels.
    /// </summary>
    FlattenLinear,
}
