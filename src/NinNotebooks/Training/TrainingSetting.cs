using System.Globalization;

namespace NinNotebooks.Training;

/// <summary>Whether a setting may differ when a run is resumed from its checkpoint.</summary>
public enum ResumeRule
{
    /// <summary>It must be what the run was started with.</summary>
    MustMatch,

    /// <summary>It may change (epochs, device, precision, layout: checkpoints are float32 whatever the path).</summary>
    MayChange,

    /// <summary>It must match where the checkpoint recorded it (a checkpoint written before it was recorded is not checked).</summary>
    MustMatchWhenRecorded,
}

/// <summary>
/// One <see cref="TrainingConfig"/> setting, declared once in <see cref="TrainingSettings.All"/>: the property it is,
/// how to read it and how to set it from text, what it means, and whether a resumed run may change it. The command
/// line builds its options from these, validation errors name them (<see cref="TrainingSettingException"/>), and
/// resume checks and reports follow them.
/// </summary>
/// <param name="Name">The <see cref="TrainingConfig"/> property, e.g. "LearningRate".</param>
/// <param name="Description">What the setting means, in one line.</param>
/// <param name="Get">Reads the setting from a configuration.</param>
/// <param name="Parser">Sets the setting in a configuration from text (see <see cref="Parse"/>); null when it cannot be set from text.</param>
/// <param name="Option">The name a command line gives the setting (without dashes, e.g. "lr"), or null when only a recipe or code sets it.</param>
/// <param name="Resume">Whether the setting may differ when a run is resumed.</param>
/// <param name="Choices">The text values the setting accepts, when it is a choice (e.g. "sgd", "adam"); null otherwise.</param>
/// <param name="FixedByPaperRecipe">Whether <see cref="TrainingConfig.Paper"/> decides it (a caller asking for that recipe may not set it).</param>
/// <param name="IsSwitch">Whether the setting is an on/off switch that is on when named without a value.</param>
public sealed record TrainingSetting(
    string Name,
    string Description,
    Func<TrainingConfig, object?> Get,
    Func<TrainingConfig, string, TrainingConfig>? Parser,
    string? Option,
    ResumeRule Resume,
    IReadOnlyList<string>? Choices,
    bool FixedByPaperRecipe,
    bool IsSwitch)
{
    /// <summary>Whether <see cref="Parse"/> can set the setting from text.</summary>
    public bool CanParse => Parser is not null;

    /// <summary>The value as text, as a report or a difference shows it ("(none)" for null).</summary>
    public string Format(TrainingConfig config) => Get(config) switch
    {
        null => "(none)",
        IEnumerable<int> list => string.Join(",", list),
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString() ?? "",
    };

    /// <summary>Sets the setting in <paramref name="config"/> from <paramref name="text"/>.</summary>
    /// <exception cref="TrainingSettingException">The text is not a value of this setting.</exception>
    public TrainingConfig Parse(TrainingConfig config, string text)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(text);
        return Parser is { } parse ? parse(config, text) : throw new InvalidOperationException($"{Name} cannot be set from text.");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// A configuration setting that is out of range or contradicts another. The message names settings by their
/// <see cref="TrainingSetting.Name"/>, starting with <see cref="Setting"/>; <see cref="MessageNaming"/> gives the same
/// message with other names for the settings (a command line's option names).
/// </summary>
public sealed class TrainingSettingException : ArgumentException
{
    private readonly FormattableString _message;

    /// <summary>
    /// A failure described by <paramref name="message"/>, an interpolated string whose <see cref="TrainingSetting"/>
    /// arguments are the settings it names; the first is the one at fault.
    /// </summary>
    public TrainingSettingException(FormattableString message)
        : base(Fill(message, s => s.Name), FirstSetting(message).Name)
    {
        _message = message;
        Setting = FirstSetting(message);
    }

    /// <summary>The setting at fault.</summary>
    public TrainingSetting Setting { get; }

    /// <summary>The message without the parameter note <see cref="ArgumentException"/> adds.</summary>
    public override string Message => Fill(_message, s => s.Name);

    /// <summary>The message with each setting named by <paramref name="name"/> (e.g. its command-line option).</summary>
    public string MessageNaming(Func<TrainingSetting, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Fill(_message, name);
    }

    private static TrainingSetting FirstSetting(FormattableString message) =>
        message?.GetArguments().OfType<TrainingSetting>().FirstOrDefault() ?? throw new ArgumentException("The message names no setting.", nameof(message));

    private static string Fill(FormattableString message, Func<TrainingSetting, string> name) =>
        string.Format(CultureInfo.InvariantCulture, message.Format, [.. message.GetArguments().Select(a => a is TrainingSetting s ? name(s) : a)]);
}
