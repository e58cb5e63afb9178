%% ping_pong on the BEAM (workloads/src/ping_pong.cpp): a pinger sends
%% {ping, self(), Seq} and waits for {pong, Seq} before the next; every round
%% trip's time is a latency sample. `warmup` round trips run first, unmeasured.
%% As in the C++ workload, one clock read per round trip: a pong's arrival
%% times the next ping's send.
%%
%% Verification: every pong answers the ping just sent; all rounds complete.
-module(ab_ping_pong).
-export([run/1]).

run(#{rounds := Rounds, warmup := Warmup}) when Rounds >= 1, Warmup >= 0 ->
    Ponger = spawn(fun ponger/0),
    case rounds(Ponger, 0, Warmup, [], ab_beam:now_ns()) of
        {ok, _, _} ->
            T0 = ab_beam:now_ns(),
            Result = rounds(Ponger, Warmup, Warmup + Rounds, [], T0),
            Ponger ! stop,
            case Result of
                {ok, Rtts, T1} when length(Rtts) =:= Rounds ->
                    {ok, #{seconds => (T1 - T0) / 1.0e9, items => Rounds, unit => "round trips",
                           latency => Rtts}};
                {ok, Rtts, _} ->
                    {error, io_lib:format("~p of ~p round trips completed", [length(Rtts), Rounds])};
                {error, _} = E -> E
            end;
        {error, _} = E ->
            Ponger ! stop,
            E
    end;
run(_) ->
    {error, "rounds must be >= 1 and warmup >= 0"}.

%% Sent: when this round's ping goes out (the previous pong's arrival).
%% Returns the time of the last pong too: the end of the measured span.
rounds(_, End, End, Rtts, Last) -> {ok, Rtts, Last};
rounds(Ponger, Seq, End, Rtts, Sent) ->
    Ponger ! {ping, self(), Seq},
    receive
        {pong, Seq} ->
            Now = ab_beam:now_ns(),
            rounds(Ponger, Seq + 1, End, [Now - Sent | Rtts], Now);
        {pong, Other} ->
            {error, io_lib:format("pong ~p answered ping ~p", [Other, Seq])}
    end.

ponger() ->
    receive
        {ping, From, Seq} -> From ! {pong, Seq}, ponger();
        stop -> ok
    end.
