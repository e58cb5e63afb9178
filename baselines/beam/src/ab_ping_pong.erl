%% ping_pong on the BEAM (workloads/src/ping_pong.cpp): a pinger sends
%% {ping, self(), Seq} and waits for {pong, Seq} before the next; every round
%% trip's time is a latency sample. `warmup` round trips run first, unmeasured.
%%
%% Verification: every pong answers the ping just sent; all rounds complete.
-module(ab_ping_pong).
-export([run/1]).

run(#{rounds := Rounds, warmup := Warmup}) when Rounds >= 1, Warmup >= 0 ->
    Ponger = spawn(fun ponger/0),
    case rounds(Ponger, 0, Warmup, []) of
        {ok, _} ->
            T0 = ab_beam:now_ns(),
            Result = rounds(Ponger, Warmup, Warmup + Rounds, []),
            T1 = ab_beam:now_ns(),
            Ponger ! stop,
            case Result of
                {ok, Rtts} when length(Rtts) =:= Rounds ->
                    {ok, #{seconds => (T1 - T0) / 1.0e9, items => Rounds, unit => "round trips",
                           latency => Rtts}};
                {ok, Rtts} ->
                    {error, io_lib:format("~p of ~p round trips completed", [length(Rtts), Rounds])};
                {error, _} = E -> E
            end;
        {error, _} = E ->
            Ponger ! stop,
            E
    end;
run(_) ->
    {error, "rounds must be >= 1 and warmup >= 0"}.

rounds(_, End, End, Rtts) -> {ok, Rtts};
rounds(Ponger, Seq, End, Rtts) ->
    Sent = ab_beam:now_ns(),
    Ponger ! {ping, self(), Seq},
    receive
        {pong, Seq} ->
            rounds(Ponger, Seq + 1, End, [ab_beam:now_ns() - Sent | Rtts]);
        {pong, Other} ->
            {error, io_lib:format("pong ~p answered ping ~p", [Other, Seq])}
    end.

ponger() ->
    receive
        {ping, From, Seq} -> From ! {pong, Seq}, ponger();
        stop -> ok
    end.
