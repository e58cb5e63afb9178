%% fan_in on the BEAM (workloads/src/fan_in.cpp): P producers each send K
%% messages to one consumer; items are messages, every message's send ->
%% receive time is a latency sample.
%%
%% Closed loop (rate = 0): producers send as fast as they can. The C++
%% producers send `batch` messages per turn and then message themselves to let
%% others run; a BEAM process needs no such turns (the VM preempts it after
%% its reductions), so here `batch` only sets how often a producer yields.
%% Open loop (rate = R > 0): producer I sends message J at t0 + (J*P + I)/R and
%% latency is measured from that intended time (corrected for coordinated
%% omission); `latency_uncorrected` is measured from the actual send. Between
%% sends a producer sleeps in `receive after`, whose resolution is a
%% millisecond: a producer whose next message is due sooner yields instead.
%%
%% The consumer runs with message_queue_data = off_heap, as the BEAM's
%% documentation advises for a process that receives many messages: senders
%% then append to its queue without taking its main lock.
%%
%% Verification: each producer's messages arrive once each, in order; all P*K
%% arrive.
-module(ab_fan_in).
-export([run/1]).

%% The first open-loop message is due this long after the spawns start.
-define(START_DELAY_NS, 1000000).

run(#{producers := P, messages := K, batch := Batch, rate := Rate})
  when P >= 1, K >= 1, Batch >= 1, Rate >= 0 ->
    Root = self(),
    Consumer = spawn_opt(fun() -> consume(Root, P * K, #{}, [], []) end,
                         [{message_queue_data, off_heap}]),
    PerMessageNs = case Rate of 0 -> 0.0; _ -> 1.0e9 / Rate end,
    Interval = round(PerMessageNs * P),
    T0 = ab_beam:now_ns() + case Rate of 0 -> 0; _ -> ?START_DELAY_NS end,
    [spawn(fun() -> produce(Consumer, I, 0, K, Batch, T0 + round(PerMessageNs * I), Interval) end)
     || I <- lists:seq(0, P - 1)],
    receive
        {consumed, T1, Latency, Uncorrected, Error} ->
            report(P * K, T1 - T0, Rate, Latency, Uncorrected, Error)
    end;
run(_) ->
    {error, "need producers, messages, batch >= 1 and rate >= 0"}.

report(Total, Ns, Rate, Latency, Uncorrected, none) ->
    Seconds = Ns / 1.0e9,
    Extra = case Rate of
                0 -> #{};
                _ -> #{offered_rate => Rate, achieved_rate => Total / Seconds}
            end,
    {ok, #{seconds => Seconds, items => Total, unit => "messages", latency => Latency,
           latency_uncorrected => Uncorrected, extra => Extra}};
report(_, _, _, _, _, Error) ->
    {error, Error}.

%% Closed loop: Interval = 0.
produce(_, _, K, K, _, _, _) -> ok;
produce(To, Id, Seq, K, Batch, Due, 0) ->
    Now = ab_beam:now_ns(),
    To ! {sample, Id, Seq, Now, Now},
    (Seq + 1) rem Batch =:= 0 andalso erlang:yield(),
    produce(To, Id, Seq + 1, K, Batch, Due, 0);
%% Open loop: Due is when message Seq is due.
produce(To, Id, Seq, K, Batch, Due, Interval) ->
    case ab_beam:now_ns() of
        Now when Now >= Due ->
            To ! {sample, Id, Seq, Due, ab_beam:now_ns()},
            produce(To, Id, Seq + 1, K, Batch, Due + Interval, Interval);
        Now ->
            receive after (Due - Now) div 1000000 -> ok end,
            produce(To, Id, Seq, K, Batch, Due, Interval)
    end.

consume(Root, 0, _, Latency, Uncorrected) ->
    Root ! {consumed, ab_beam:now_ns(), Latency, Uncorrected, none};
consume(Root, Left, NextSeq, Latency, Uncorrected) ->
    receive
        {sample, Producer, Seq, Intended, Sent} ->
            Now = ab_beam:now_ns(),
            case maps:get(Producer, NextSeq, 0) of
                Seq ->
                    consume(Root, Left - 1, NextSeq#{Producer => Seq + 1},
                            [Now - Intended | Latency], [Now - Sent | Uncorrected]);
                Expected ->
                    Root ! {consumed, Now, [], [], io_lib:format("producer ~p: got message ~p, expected ~p",
                                                                 [Producer, Seq, Expected])}
            end
    end.
