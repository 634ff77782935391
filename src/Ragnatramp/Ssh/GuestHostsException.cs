using System;

namespace Ragnatramp.Ssh;

/// <summary>Reading or writing a guest's /etc/hosts failed; <see cref="Problem"/> says whether sudo was the cause.</summary>
internal sealed class GuestHostsException : Exception
{
    public GuestHostsException(GuestHostsProblem problem, string message) : base(message)
    {
        Problem = problem;
    }

    public GuestHostsProblem Problem { get; }
}
