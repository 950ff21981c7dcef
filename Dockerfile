# procsim in a container. Build from the repository root, then run any procsim command:
#   docker build -t procsim .
#   docker run --rm -v "$PWD/out:/out" procsim demo --out /out/demo
#   docker run --rm -v "$PWD:/work" -w /work procsim run examples/cow-vs-eager.yaml --out out/cow
# Stage 1 builds the runnable jar with the Maven wrapper (tests are CI's job); stage 2 is a JRE and the jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp package -DskipTests -pl reports -am \
 && cp reports/target/procsim-[0-9]*.jar /procsim.jar

FROM eclipse-temurin:17-jre
COPY --from=build /procsim.jar /opt/procsim/procsim.jar
# Results land in the working directory the user mounts; procsim never writes elsewhere.
WORKDIR /out
# The parallel collector, as the ./procsim launcher picks: a simulation is a batch job.
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/opt/procsim/procsim.jar"]
CMD ["--help"]
