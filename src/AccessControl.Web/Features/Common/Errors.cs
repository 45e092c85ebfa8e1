namespace AccessControl.Web.Features.Common;

/// <summary>An error the caller caused; mapped to problem details in one place (<see cref="ProblemExceptionHandler"/>).</summary>
public abstract class AppException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

/// <summary>400: invalid input, with the messages per field.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors, string? detail = null)
    : AppException(400, "Invalid input", detail ?? string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public ValidationException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }
}

/// <summary>403: the caller is signed in but may not do this; the message says what is missing.</summary>
public sealed class ForbiddenException(string detail) : AppException(403, "Forbidden", detail);

/// <summary>404: the entity named does not exist.</summary>
public sealed class NotFoundException(string detail) : AppException(404, "Not found", detail);

/// <summary>409: the change conflicts with the current state (duplicate, in use, not empty, changed meanwhile).</summary>
public sealed class ConflictException(string detail) : AppException(409, "Conflict", detail);

/// <summary>412: the If-Match ETag no longer matches.</summary>
public sealed class PreconditionFailedException(string detail) : AppException(412, "Precondition failed", detail);

/// <summary>Collects field errors, then throws one <see cref="ValidationException"/> with all of them.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public Validator Check(string field, string? message)
    {
        if (message is not null) Add(field, message);
        return this;
    }

    public Validator Require(string field, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s)) Add(field, $"The {field} field is required.");
        return this;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public bool HasErrors => errors.Count > 0;

    public void ThrowIfInvalid()
    {
        if (HasErrors) throw new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
